package kg.exam.contract.marking;

/** A command addressed to one seeded script. */
public interface SeedCommand {
  String seedId();
}
