package io.creditstream.portal.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Language: {@code ?lang=fr} switches and is remembered in a cookie; otherwise the browser's
 * Accept-Language decides (English when neither says French). Only the languages the portal is
 * written in are ever resolved: {@code ?lang=de} gives English, and says so ({@code lang="en"}),
 * rather than English text under {@code lang="de"}.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfig implements WebMvcConfigurer {

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver =
        new CookieLocaleResolver("portal-lang") {
          @Override
          public Locale resolveLocale(HttpServletRequest request) {
            return supported(super.resolveLocale(request));
          }

          @Override
          public void setLocaleContext(
              HttpServletRequest request,
              HttpServletResponse response,
              LocaleContext localeContext) {
            Locale asked = localeContext == null ? null : localeContext.getLocale();
            super.setLocaleContext(
                request,
                response,
                asked == null ? null : new SimpleLocaleContext(supported(asked)));
          }
        };
    resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
    return resolver;
  }

  /** French for any French locale, English for anything else. */
  static Locale supported(Locale locale) {
    return locale != null && "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
    lang.setParamName("lang");
    lang.setIgnoreInvalidLocale(true);
    registry.addInterceptor(lang);
  }
}
