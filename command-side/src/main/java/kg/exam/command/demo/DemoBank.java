package kg.exam.command.demo;

import java.util.List;
import java.util.Map;
import kg.exam.command.bank.FrameworkFixtures;
import kg.exam.contract.bank.ApproveBankItem;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.CreateBankItem;
import kg.exam.contract.bank.LanguageVersion;
import kg.exam.contract.bank.PublishFramework;
import kg.exam.contract.bank.ReviewBankItem;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * The demo's item bank: both shipped frameworks and three items of the teachers' ICT framework and
 * of the mathematics example, one approved in Kyrgyz and Russian, one reviewed, one a draft,
 * written by {@code writer} and reviewed by {@code reviewer}.
 */
@Component
class DemoBank {
  private final CommandGateway commands;
  private final FrameworkFixtures frameworks;

  DemoBank(CommandGateway commands, FrameworkFixtures frameworks) {
    this.commands = commands;
    this.frameworks = frameworks;
  }

  void seed() {
    for (String id :
        List.of(FrameworkFixtures.ICT_TEACHERS, FrameworkFixtures.MATH_GRADE9_EXAMPLE)) {
      commands.sendAndWait(new PublishFramework(id, frameworks.read(id), "admin"));
    }
    commands.sendAndWait(new CreateBankItem("ict-demo-001", assessmentTools(), "writer"));
    commands.sendAndWait(new ReviewBankItem("ict-demo-001", 1, true, null, "reviewer"));
    commands.sendAndWait(new ApproveBankItem("ict-demo-001", 1, "reviewer"));
    commands.sendAndWait(new CreateBankItem("ict-demo-002", feedbackTools(), "writer"));
    commands.sendAndWait(new ReviewBankItem("ict-demo-002", 1, true, null, "reviewer"));
    commands.sendAndWait(new CreateBankItem("math-demo-001", parabolaVertex(), "writer"));
  }

  private static BankItemContent assessmentTools() {
    ItemDefinition item =
        new ItemDefinition(
            "ict-demo-001",
            "bank",
            "SINGLE_CHOICE",
            1,
            1,
            "Окуучулардын жетишкендиктерин тез баалоо үчүн кайсы курал ылайыктуу?",
            List.of(
                new Choice("A", "Онлайн тест (суроо-жооп формасы)"),
                new Choice("B", "Текст редактору"),
                new Choice("C", "Видео ойноткуч")),
            List.of(),
            ItemKey.matchCorrect(List.of("A")));
    LanguageVersion ru =
        new LanguageVersion(
            "ru",
            "Какой инструмент подходит для быстрой оценки достижений учащихся?",
            List.of(
                new Choice("A", "Онлайн-тест (форма вопросов и ответов)"),
                new Choice("B", "Текстовый редактор"),
                new Choice("C", "Видеопроигрыватель")),
            List.of(),
            null,
            null);
    return new BankItemContent(
        "ICT",
        null,
        "ky",
        List.of(new CompetencyRef(FrameworkFixtures.ICT_TEACHERS, "2.2.1.a")),
        "APPLY",
        item,
        List.of(ru),
        List.of(),
        List.of(),
        null);
  }

  private static BankItemContent feedbackTools() {
    ItemDefinition item =
        new ItemDefinition(
            "ict-demo-002",
            "bank",
            "MULTIPLE_RESPONSE",
            2,
            1,
            "Окуучуларга пикир (кайтарым байланыш) берүү үчүн кайсы куралдар колдонулат?",
            List.of(
                new Choice("A", "Электрондук журналдагы комментарийлер"),
                new Choice("B", "Онлайн тесттин автоматтык түшүндүрмөлөрү"),
                new Choice("C", "Калькулятор")),
            List.of(),
            new ItemKey(
                List.of("A", "B"),
                Map.of("A", 1.0, "B", 1.0, "C", -1.0),
                0,
                0.0,
                2.0,
                true,
                0,
                0,
                false,
                false,
                0,
                List.of()));
    LanguageVersion ru =
        new LanguageVersion(
            "ru",
            "Какие инструменты используются для обратной связи с учащимися?",
            List.of(
                new Choice("A", "Комментарии в электронном журнале"),
                new Choice("B", "Автоматические пояснения онлайн-теста"),
                new Choice("C", "Калькулятор")),
            List.of(),
            null,
            null);
    return new BankItemContent(
        "ICT",
        null,
        "ky",
        List.of(new CompetencyRef(FrameworkFixtures.ICT_TEACHERS, "2.2.1.b")),
        "UNDERSTAND",
        item,
        List.of(ru),
        List.of(),
        List.of("ict-demo-001"),
        null);
  }

  private static BankItemContent parabolaVertex() {
    ItemDefinition item =
        new ItemDefinition(
            "math-demo-001",
            "bank",
            "NUMERIC",
            1,
            1,
            "y = x² − 6x + 5 параболасынын чокусунун абсциссасын табыңыз.",
            List.of(),
            List.of(),
            new ItemKey(
                List.of("3"), Map.of(), 0, null, null, false, 0, 0, false, false, 0, List.of()));
    return new BankItemContent(
        "MATH",
        9,
        "ky",
        List.of(new CompetencyRef(FrameworkFixtures.MATH_GRADE9_EXAMPLE, "1.1.1")),
        "APPLY",
        item,
        List.of(),
        List.of(),
        List.of(),
        null);
  }
}
