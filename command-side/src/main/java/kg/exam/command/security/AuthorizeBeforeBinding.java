package kg.exam.command.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authorisation before validation: the handler's {@code @PreAuthorize} is evaluated as soon as the
 * handler is known, before Spring MVC reads, parses or validates the request body or parameters. A
 * role without the right to an endpoint gets {@code 403 forbidden}, never a {@code 400} that
 * describes the body it may not send. (Method security still checks the same expression when the
 * method runs.) The expressions used here name roles only, never arguments, so they can be
 * evaluated without any.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizeBeforeBinding implements WebMvcConfigurer, HandlerInterceptor {
  private final DefaultMethodSecurityExpressionHandler expressions =
      new DefaultMethodSecurityExpressionHandler();
  private final Map<Method, Expression> parsed = new ConcurrentHashMap<>();
  private static final Expression NONE =
      new org.springframework.expression.common.LiteralExpression("none");

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    Expression expression = parsed.computeIfAbsent(method.getMethod(), m -> parse(method));
    if (expression == NONE) {
      return true;
    }
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null) {
      throw new AccessDeniedException("no authenticated caller");
    }
    EvaluationContext context =
        expressions.createEvaluationContext(
            authentication, new SimpleMethodInvocation(method.getBean(), method.getMethod()));
    if (!ExpressionUtils.evaluateAsBoolean(expression, context)) {
      throw new AccessDeniedException("Your role may not do this.");
    }
    return true;
  }

  private Expression parse(HandlerMethod method) {
    PreAuthorize rule =
        AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), PreAuthorize.class);
    if (rule == null) {
      rule = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), PreAuthorize.class);
    }
    return rule == null ? NONE : expressions.getExpressionParser().parseExpression(rule.value());
  }
}
