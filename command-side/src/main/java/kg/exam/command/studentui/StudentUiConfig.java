package kg.exam.command.studentui;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the student UI (static files from exam-client/src/main/ui, copied by the build to {@code
 * static/exam/}) at {@code /exam/}. Revalidated on every load ({@code no-cache}), so a school never
 * runs yesterday's script after an upgrade. The markers' page ({@code static/marking/}) is served
 * at {@code /marking/} the same way.
 */
@Configuration(proxyBeanMethods = false)
class StudentUiConfig implements WebMvcConfigurer {
  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/exam", "/exam/");
    registry.addViewController("/exam/").setViewName("forward:/exam/index.html");
    registry.addRedirectViewController("/marking", "/marking/");
    registry.addViewController("/marking/").setViewName("forward:/marking/index.html");
    registry.addRedirectViewController("/bank", "/bank/");
    registry.addViewController("/bank/").setViewName("forward:/bank/index.html");
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/exam/**")
        .addResourceLocations("classpath:/static/exam/")
        .setCacheControl(CacheControl.noCache());
    registry
        .addResourceHandler("/marking/**")
        .addResourceLocations("classpath:/static/marking/")
        .setCacheControl(CacheControl.noCache());
    registry
        .addResourceHandler("/bank/**")
        .addResourceLocations("classpath:/static/bank/")
        .setCacheControl(CacheControl.noCache());
  }
}
