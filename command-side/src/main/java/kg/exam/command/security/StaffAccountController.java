package kg.exam.command.security;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import kg.exam.contract.Ids;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Staff accounts for installations that sign staff in with passwords rather than OIDC. */
@RestController
class StaffAccountController {
  private final StaffAccounts accounts;

  StaffAccountController(StaffAccounts accounts) {
    this.accounts = accounts;
  }

  /** {@code accountId} is a role code such as "inv-osh-017", not a person's name. */
  record NewAccount(
      @NotBlank @Pattern(regexp = Ids.ACCOUNT_PATTERN) String accountId,
      @NotNull @Size(min = 12, max = 128) String password,
      @NotNull Role role,
      @Pattern(regexp = Ids.PATTERN) String centreId,
      @Pattern(regexp = Ids.PATTERN) String schoolId) {}

  record AccountCreated(String accountId, Role role) {}

  @Operation(summary = "Create a staff account")
  @PostMapping("/api/staff-accounts")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  AccountCreated create(@Valid @RequestBody NewAccount account) {
    accounts.create(
        account.accountId(),
        account.password(),
        account.role(),
        account.centreId(),
        account.schoolId());
    return new AccountCreated(account.accountId(), account.role());
  }
}
