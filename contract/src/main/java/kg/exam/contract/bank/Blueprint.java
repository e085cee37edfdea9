package kg.exam.contract.bank;

import java.util.List;

/**
 * What forms assembled from the bank must hold. Counts are per form.
 *
 * @param subject the items' subject
 * @param grade the items' grade, or null for any
 * @param languages every form must exist in each of these (ky, ru, uz, tg, en), e.g. ky and ru
 * @param forms how many parallel forms, 1..10
 * @param itemsPerForm items on each form
 * @param content rows of the blueprint: items per competency code (the code or any below it) and
 *     optionally per cognitive level; only items that fit a row are taken
 * @param types items per item type (optional)
 * @param maxMinutes the items' expected time must add up to at most this (null: no limit)
 * @param minDifficulty lowest IRT difficulty b of an item (null: none); only calibrated items then
 * @param maxDifficulty highest IRT difficulty b (null: none); only calibrated items then
 * @param information a target test information curve, points of θ with the information wanted there
 *     (empty: none; several forms are then made alike in information at θ = −1, 0, 1)
 * @param maxSharedItems most items any two forms may share (0: none)
 * @param maxExposure items given in more sittings than this are left out (null: no limit)
 * @param timeLimitSeconds how long the solver may search, 1..120 (0: 10 s)
 */
public record Blueprint(
    String subject,
    Integer grade,
    List<String> languages,
    int forms,
    int itemsPerForm,
    List<BlueprintRow> content,
    List<TypeRange> types,
    Integer maxMinutes,
    Double minDifficulty,
    Double maxDifficulty,
    List<InformationTarget> information,
    int maxSharedItems,
    Long maxExposure,
    int timeLimitSeconds) {

  public Blueprint {
    languages = languages == null ? List.of() : List.copyOf(languages);
    content = content == null ? List.of() : List.copyOf(content);
    types = types == null ? List.of() : List.copyOf(types);
    information = information == null ? List.of() : List.copyOf(information);
  }

  /** A row: between {@code min} and {@code max} items per form of a code (and level). */
  public record BlueprintRow(
      String frameworkId, String code, String cognitiveLevel, int min, int max) {}

  /** Between {@code min} and {@code max} items per form of one item type. */
  public record TypeRange(String type, int min, int max) {}

  /** The test information wanted at ability {@code theta}. */
  public record InformationTarget(double theta, double information) {}
}
