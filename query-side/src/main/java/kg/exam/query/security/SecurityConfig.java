package kg.exam.query.security;

import jakarta.servlet.http.HttpServletRequest;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.ProblemWriter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Dashboard users sign in with the form at {@code /login} (a session cookie: HttpOnly,
 * SameSite=Lax) or, as API clients, with HTTP Basic on every request. Passwords are bcrypt hashes
 * in {@code dashboard_account}; guessing is stopped per account and per source address ({@link
 * DashboardAuthenticationProvider}): a locked sign-in is a 429 problem with {@code Retry-After}, or
 * {@code /login?locked} for the form. An unauthenticated API call gets a 401 problem (no Basic
 * challenge, so a browser shows no password dialog); a page gets a redirect to the login form.
 * CSRF: every state-changing request without Basic credentials must come from our own origin
 * ({@link SameOriginFilter}, the login and logout forms included), and with a cookie session it
 * must also carry the token (Spring Security's SPA pattern: cookie {@code XSRF-TOKEN}, header
 * {@code X-XSRF-TOKEN}); requests that carry their own Basic credentials and the login/logout forms
 * need no token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfig implements WebMvcConfigurer {
  /** The roles with an area, who may read every dashboard; CENTRE_ADMIN sees integrity only. */
  private static final String[] AREA_ROLES = {
    DashboardRole.SCHOOL.name(),
    DashboardRole.DISTRICT.name(),
    DashboardRole.REGION.name(),
    DashboardRole.MINISTRY.name(),
    DashboardRole.AUDITOR.name()
  };

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/login").setViewName("forward:/login.html");
  }

  @Bean
  SecurityFilterChain dashboard(HttpSecurity http) throws Exception {
    RequestMatcher basicCredentials =
        request -> {
          String header = request.getHeader("Authorization");
          return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        };
    AuthenticationEntryPoint apiUnauthenticated =
        (req, res, e) -> {
          if (e instanceof DashboardAuthenticationProvider.SignInLocked locked) {
            long seconds = locked.retryAfterSeconds();
            res.setHeader("Retry-After", Long.toString(seconds));
            ProblemWriter.write(
                res,
                ProblemType.SIGN_IN_LOCKED,
                "Too many failed sign-ins for this account or from this address; try again in "
                    + seconds
                    + " s or ask an administrator.");
          } else {
            ProblemWriter.write(
                res,
                ProblemType.UNAUTHENTICATED,
                "Sign in at /login or send HTTP Basic credentials of a dashboard account.");
          }
        };
    AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
    AuthenticationEntryPoint entryPoint =
        (req, res, e) -> {
          if (isApi(req)) {
            apiUnauthenticated.commence(req, res, e);
          } else {
            loginPage.commence(req, res, e);
          }
        };
    http.addFilterBefore(new SameOriginFilter(), CsrfFilter.class);
    http.csrf(
            c ->
                c.spa()
                    .ignoringRequestMatchers(basicCredentials)
                    .ignoringRequestMatchers("/login", "/logout"))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/login",
                        "/login.html",
                        "/css/**",
                        "/js/**",
                        "/i18n/**",
                        "/webjars/**",
                        "/vendor/**",
                        "/assets/**",
                        "/favicon.ico",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/error")
                    .permitAll()
                    .requestMatchers("/api/projections/**")
                    .hasRole(DashboardRole.AUDITOR.name())
                    .requestMatchers(HttpMethod.GET, "/api/integrity/**")
                    .hasAnyRole(DashboardRole.AUDITOR.name(), DashboardRole.CENTRE_ADMIN.name())
                    .requestMatchers(HttpMethod.GET, "/api/me")
                    .authenticated()
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasAnyRole(AREA_ROLES)
                    .requestMatchers("/api/**")
                    .denyAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage("/login")
                    .defaultSuccessUrl("/", false)
                    .failureHandler(
                        (req, res, e) ->
                            res.sendRedirect(
                                req.getContextPath()
                                    + (e instanceof DashboardAuthenticationProvider.SignInLocked
                                        ? "/login?locked"
                                        : "/login?error")))
                    .permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .httpBasic(b -> b.authenticationEntryPoint(apiUnauthenticated))
        .exceptionHandling(
            x ->
                x.authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(
                        (req, res, e) ->
                            ProblemWriter.write(
                                res, ProblemType.FORBIDDEN, "Your role may not do this.")));
    return http.build();
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/");
  }
}
