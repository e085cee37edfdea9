package kg.exam.command.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import kg.exam.contract.bank.FrameworkDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The competency frameworks shipped with the engine ({@code frameworks/<id>.json} on the class
 * path, the body {@code POST /api/bank/frameworks/<id>} takes): the teachers' ICT competency
 * framework of the seeds and an illustrative grade 9 mathematics framework.
 */
@Component
public class FrameworkFixtures {
  /**
   * The teachers' ICT competency framework (seed 003): 6 aspects, 11 competencies, 61 indicators.
   */
  public static final String ICT_TEACHERS = "kg-ict-teachers";

  /** An illustrative school-subject framework, not an official standard. */
  public static final String MATH_GRADE9_EXAMPLE = "kg-math-grade9-example";

  private final ObjectMapper json;

  FrameworkFixtures(@Qualifier("eventObjectMapper") ObjectMapper json) {
    this.json = json;
  }

  /** The shipped framework {@code frameworkId}. */
  public FrameworkDefinition read(String frameworkId) {
    try (InputStream in =
        new ClassPathResource("frameworks/" + frameworkId + ".json").getInputStream()) {
      return json.readValue(in, FrameworkDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("framework fixture " + frameworkId + " unreadable", e);
    }
  }
}
