package kg.exam.command.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A bearer-token authentication that knows its {@link Actor}, whichever issuer's claims it came
 * from.
 */
final class ActorAuthentication extends JwtAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final transient Actor actor;

  ActorAuthentication(Jwt jwt, Actor actor) {
    super(jwt, List.of(new SimpleGrantedAuthority("ROLE_" + actor.role().name())), actor.id());
    this.actor = actor;
  }

  Actor actor() {
    return actor;
  }
}
