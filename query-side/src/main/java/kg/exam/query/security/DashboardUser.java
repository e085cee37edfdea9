package kg.exam.query.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in dashboard account with its area. The password hash is only held until the credentials
 * are checked (Spring erases it afterwards).
 */
public final class DashboardUser
    implements UserDetails, CredentialsContainer, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final String account;
  private String passwordHash;
  private final DashboardRole role;
  private final String region;
  private final String district;
  private final String schoolId;
  private final String centreId;

  DashboardUser(
      String account,
      String passwordHash,
      DashboardRole role,
      String region,
      String district,
      String schoolId,
      String centreId) {
    this.account = account;
    this.passwordHash = passwordHash;
    this.role = role;
    this.region = region;
    this.district = district;
    this.schoolId = schoolId;
    this.centreId = centreId;
  }

  public String account() {
    return account;
  }

  public DashboardRole role() {
    return role;
  }

  public String region() {
    return region;
  }

  public String district() {
    return district;
  }

  public String schoolId() {
    return schoolId;
  }

  /** The exam centre of a CENTRE_ADMIN, else null. */
  public String centreId() {
    return centreId;
  }

  /** The part of the country this account may see. */
  public Scope scope() {
    return Scope.of(this);
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return account;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }
}
