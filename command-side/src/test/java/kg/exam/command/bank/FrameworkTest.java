package kg.exam.command.bank;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.FrameworkNode;
import kg.exam.contract.bank.FrameworkPublished;
import kg.exam.contract.bank.PublishFramework;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frameworks as data: the shipped fixtures, versions that keep every code, malformed trees. */
class FrameworkTest {
  private AggregateTestFixture<Framework> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Framework.class);
    fixture.registerInjectableResource(StreamHeadSigner.none());
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
  }

  static FrameworkDefinition shipped(String id) throws Exception {
    try (InputStream in = FrameworkTest.class.getResourceAsStream("/frameworks/" + id + ".json")) {
      return new ObjectMapper().readValue(in, FrameworkDefinition.class);
    }
  }

  @Test
  void shouldShipTheSeedsIctFrameworkWithItsSixAspectsElevenCompetenciesAndSixtyOneIndicators()
      throws Exception {
    FrameworkDefinition ict = shipped(FrameworkFixtures.ICT_TEACHERS);

    BankRules.check(ict, null);

    Map<String, Long> kinds =
        ict.nodes().stream()
            .collect(Collectors.groupingBy(FrameworkNode::kind, Collectors.counting()));
    assertThat(kinds)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ASPECT", 6L, "COMPETENCY", 11L, "LEVEL", 33L, "INDICATOR", 61L));
    Map<String, FrameworkNode> byCode =
        ict.nodes().stream().collect(Collectors.toMap(FrameworkNode::code, Function.identity()));
    assertThat(byCode.get("2.2.3.a").parent()).isEqualTo("2.2.3");
    assertThat(byCode.get("2.2.3").parent()).isEqualTo("2.2");
    assertThat(byCode.get("2.2.3.a").titles()).containsKeys("ky", "ru", "en");
    BankRules.check(shipped(FrameworkFixtures.MATH_GRADE9_EXAMPLE), null);
  }

  @Test
  void shouldPublishVersionsThatKeepEveryCodeAndRefuseOneThatDropsACode() throws Exception {
    FrameworkDefinition v1 = small(List.of(node("1", null), node("1.1", "1")));
    FrameworkDefinition v2 = small(List.of(node("1", null), node("1.1", "1"), node("1.2", "1")));
    FrameworkDefinition dropped = small(List.of(node("1", null)));
    fixture
        .given(new FrameworkPublished("fw", 1, v1, "admin"))
        .when(new PublishFramework("fw", v2, "admin"))
        .expectEvents(new FrameworkPublished("fw", 2, v2, "admin"))
        .expectResultMessagePayload(2);
    fixture
        .given(new FrameworkPublished("fw", 1, v1, "admin"))
        .when(new PublishFramework("fw", dropped, "admin"))
        .expectException(ruleViolation(ProblemType.INVALID_FRAMEWORK))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAChildBeforeItsParentADuplicateCodeAndAnUntitledNode() {
    for (List<FrameworkNode> nodes :
        List.of(
            List.of(node("1.1", "1"), node("1", null)),
            List.of(node("1", null), node("1", null)),
            List.of(new FrameworkNode("1", "ASPECT", null, Map.of())),
            List.of(new FrameworkNode("1", "aspect", null, Map.of("en", "x"))),
            List.<FrameworkNode>of())) {
      fixture
          .givenNoPriorActivity()
          .when(new PublishFramework("fw", small(nodes), "admin"))
          .expectException(ruleViolation(ProblemType.INVALID_FRAMEWORK))
          .expectNoEvents();
    }
  }

  private static FrameworkDefinition small(List<FrameworkNode> nodes) {
    return new FrameworkDefinition(Map.of("en", "Small"), "test", nodes);
  }

  private static FrameworkNode node(String code, String parent) {
    return new FrameworkNode(code, "NODE", parent, Map.of("en", "Node " + code));
  }
}
