package kg.exam.client.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Well-formed random responses to the items of a paper (the {@code GET /api/sittings/{id}/paper}
 * shape: {@code itemId, type, choices[{id}], targets[{id}]}), in the encoding of the command side's
 * README ("Responses"). A virtual candidate answers like a guessing student: always a response the
 * server accepts, right or wrong by chance. An item of a type this class does not know gets a
 * one-word text, which the server may refuse as {@code malformed-response}; the report then shows
 * it.
 */
final class Responses {
  private static final List<String> WORDS =
      List.of(
          "ромб",
          "квадрат",
          "үч бурчтук",
          "тегерек",
          "гипотенуза",
          "катет",
          "бурч",
          "жана",
          "болот",
          "анткени",
          "мисалы",
          "сан",
          "барабар",
          "сумма");

  private Responses() {}

  /** A random response to the item, different from {@code previous} when the item allows it. */
  static List<String> random(JsonNode item, List<String> previous, Random random) {
    for (int attempt = 0; attempt < 5; attempt++) {
      List<String> r = draw(item, random);
      if (!r.equals(previous)) {
        return r;
      }
    }
    return draw(item, random);
  }

  private static List<String> draw(JsonNode item, Random random) {
    List<String> choices = ids(item.path("choices"));
    List<String> targets = ids(item.path("targets"));
    return switch (item.path("type").asText()) {
      case "SINGLE_CHOICE" -> choices.isEmpty() ? words(1, random) : List.of(pick(choices, random));
      case "MULTIPLE_RESPONSE" -> {
        if (choices.isEmpty()) {
          yield words(1, random);
        }
        List<String> shuffled = shuffled(choices, random);
        yield List.copyOf(shuffled.subList(0, 1 + random.nextInt(shuffled.size())));
      }
      case "TRUE_FALSE" -> List.of(random.nextBoolean() ? "true" : "false");
      case "NUMERIC" -> List.of(String.valueOf(random.nextInt(100) / 10.0 + random.nextInt(3)));
      case "SHORT_TEXT" -> words(1, random);
      case "ORDERING" -> shuffled(choices, random);
      case "MATCHING" -> {
        // Each source matched to one target, as many pairs as there are sources and targets.
        List<String> sources = shuffled(choices, random);
        List<String> ends = shuffled(targets.isEmpty() ? choices : targets, random);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(sources.size(), ends.size()); i++) {
          if (!sources.get(i).equals(ends.get(i))) {
            pairs.add(sources.get(i) + " " + ends.get(i));
          }
        }
        yield pairs.isEmpty() ? List.of() : List.copyOf(pairs);
      }
      case "GAP" -> {
        List<String> gaps = new ArrayList<>();
        for (String gap : choices) {
          gaps.add(gap + "=" + random.nextInt(50));
        }
        yield List.copyOf(gaps);
      }
      case "EXTENDED_TEXT" -> List.of(String.join(" ", words(20 + random.nextInt(60), random)));
      default -> words(1, random);
    };
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    for (JsonNode c : list) {
      ids.add(c.path("id").asText());
    }
    return ids;
  }

  private static String pick(List<String> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  private static List<String> shuffled(List<String> list, Random random) {
    List<String> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static List<String> words(int n, Random random) {
    List<String> w = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      w.add(pick(WORDS, random));
    }
    return w;
  }
}
