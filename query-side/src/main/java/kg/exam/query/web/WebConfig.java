package kg.exam.query.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** CSV for every table, after the JSON converter so that JSON stays the default. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {
  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
    builder.configureMessageConvertersList(list -> list.add(new CsvMessageConverter()));
  }
}
