package kg.exam.query.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import kg.exam.contract.problem.ProblemOpenApi;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the query side's OpenAPI document ({@code /v3/api-docs}) declares beyond its operations: how
 * dashboard accounts authenticate, and the problem document every refusal is, as a {@code 4XX}
 * response of every operation. Linted with Redocly's recommended rules ({@code bin/lint-openapi}).
 */
@Configuration
class OpenApiDocument {

  @Bean
  OpenAPI querySideOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Exam engine: query side (monitoring)")
                .version("0.1.0")
                .description(
                    "Results, item statistics and live monitors for schools, districts, regions,"
                        + " the ministry and auditors, each limited to its area. Every refusal is"
                        + " an RFC 9457 problem document whose type names the reason.")
                .license(new License().name("Proprietary")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "dashboardAccount",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description(
                            "A dashboard account (SCHOOL, DISTRICT, REGION, MINISTRY,"
                                + " AUDITOR) with HTTP Basic"))
                .addSecuritySchemes(
                    "dashboardSession",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE)
                        .name("JSESSIONID")
                        .description(
                            "The session of a sign-in at /login; unsafe requests also send the"
                                + " XSRF-TOKEN cookie's value as X-XSRF-TOKEN and a same-origin"
                                + " Origin")))
        .security(
            List.of(
                new SecurityRequirement().addList("dashboardAccount"),
                new SecurityRequirement().addList("dashboardSession")));
  }

  /** Every operation may be refused with a problem document. */
  @Bean
  OpenApiCustomizer problemResponses() {
    return ProblemOpenApi::addProblemResponses;
  }
}
