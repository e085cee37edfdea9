package kg.exam.command.config;

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
 * What the command side's OpenAPI document ({@code /v3/api-docs}) declares beyond its operations:
 * the three ways to authenticate (any one of them; the candidate sign-in needs none), the problem
 * document every refusal is, and a {@code 4XX} problem response on every operation. Linted with
 * Redocly's recommended rules ({@code bin/lint-openapi}).
 */
@Configuration
class OpenApiDocument {

  @Bean
  OpenAPI commandSideOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Exam engine: command side")
                .version("0.1.0")
                .description(
                    "Exams, sessions, registration, sittings, answers, results and audit of the"
                        + " Kyrgyz national e-assessment engine. Every refusal is an RFC 9457"
                        + " problem document whose type names the reason.")
                .license(new License().name("Proprietary")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "staff",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description(
                            "Staff accounts (CENTRE_ADMIN, INVIGILATOR, SCHOOL, AUDITOR): HTTP"
                                + " Basic, limited to 5 wrong passwords per account and 30 per"
                                + " source address in 15 minutes"))
                .addSecuritySchemes(
                    "candidate",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("The token that POST /api/candidate/sign-in returns"))
                .addSecuritySchemes(
                    "station",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("Authorization")
                        .description(
                            "An enrolled exam station: ExamStation keyId=…,ts=…,sig=…, an Ed25519"
                                + " signature of the method, target, time and body"
                                + " (exam-station-request/1, contract/README.md)")))
        .security(
            List.of(
                new SecurityRequirement().addList("staff"),
                new SecurityRequirement().addList("candidate"),
                new SecurityRequirement().addList("station")));
  }

  /** Every operation may be refused with a problem document. */
  @Bean
  OpenApiCustomizer problemResponses() {
    return ProblemOpenApi::addProblemResponses;
  }
}
