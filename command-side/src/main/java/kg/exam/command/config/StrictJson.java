package kg.exam.command.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly (Spring MVC's Jackson 3 mapper; the events' own mapper is
 * separate): a value must have the JSON type its field has. {@code 1.5} is refused where a whole
 * number is meant (not cut to 1), {@code "10"} where a number is, {@code 1} or {@code "true"} where
 * a boolean is, a number where text or an id is, and a number where a time is (times are ISO-8601
 * text). Each is a {@code 400 malformed-body} naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

  @Bean
  JsonMapperBuilderCustomizer strictScalars() {
    return builder ->
        builder
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                LogicalType.Integer,
                refuse(
                    CoercionInputShape.String,
                    CoercionInputShape.Float,
                    CoercionInputShape.Boolean))
            .withCoercionConfig(
                LogicalType.Float, refuse(CoercionInputShape.String, CoercionInputShape.Boolean))
            .withCoercionConfig(
                LogicalType.Boolean, refuse(CoercionInputShape.Integer, CoercionInputShape.String))
            .withCoercionConfig(
                LogicalType.Textual,
                refuse(
                    CoercionInputShape.Integer,
                    CoercionInputShape.Float,
                    CoercionInputShape.Boolean))
            .withCoercionConfig(
                LogicalType.DateTime, refuse(CoercionInputShape.Integer, CoercionInputShape.Float))
            .addModule(
                new SimpleModule("iso-8601-instants-only")
                    .addDeserializer(Instant.class, new IsoInstant()));
  }

  /** Fails, rather than coerces, a value of any of {@code shapes}. */
  private static java.util.function.Consumer<MutableCoercionConfig> refuse(
      CoercionInputShape... shapes) {
    return config -> {
      for (CoercionInputShape shape : shapes) {
        config.setCoercion(shape, CoercionAction.Fail);
      }
    };
  }

  /** An instant only as ISO-8601 text ({@link Instant#parse}), never an epoch number. */
  static final class IsoInstant extends StdDeserializer<Instant> {
    IsoInstant() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      String text = p.getString().trim();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(
                Instant.class, text, "not an ISO-8601 instant such as 2026-06-01T08:00:00Z");
      }
    }
  }
}
