package io.creditstream.portal;

import io.creditstream.portal.audit.ReplayReports;
import io.creditstream.portal.client.ClientAccess;
import io.creditstream.portal.client.ClientFormats;
import io.creditstream.portal.client.ClientStatus;
import io.creditstream.portal.client.ClientViews;
import io.creditstream.portal.client.LiveDecisions;
import io.creditstream.portal.frontoffice.ApiKeys;
import io.creditstream.portal.frontoffice.ApplicationValidator;
import io.creditstream.portal.frontoffice.IdempotencyStore;
import io.creditstream.portal.frontoffice.SubmissionRateLimiter;
import io.creditstream.portal.frontoffice.SubmissionService;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.ops.PortalMetrics;
import io.creditstream.portal.security.SecurityConfig;
import io.creditstream.portal.security.SigninThrottle;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.DriftStore;
import io.creditstream.portal.store.LiveFairness;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.RefusalStore;
import io.creditstream.portal.store.StoreSchema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The MVC slice every controller test shares (one cached context): all controllers, the security
 * chains, the services behind them and a private in-memory store; no Kafka. Test classes declare
 * the same {@code @MockitoBean ApplicationPublisher} so the context is reused.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest
@ActiveProfiles("test")
@Import({
  SliceTestConfig.class,
  SecurityConfig.class,
  ApiKeys.class,
  ApplicationValidator.class,
  SubmissionRateLimiter.class,
  SubmissionService.class,
  IdempotencyStore.class,
  LinkCredentials.class,
  DecisionStore.class,
  RefusalStore.class,
  ClientStatus.class,
  ModelCardStore.class,
  DriftStore.class,
  LiveFairness.class,
  StoreSchema.class,
  ClientViews.class,
  ClientFormats.class,
  PortalMetrics.class,
  LiveDecisions.class,
  ReplayReports.class,
  ClientAccess.class,
  SigninThrottle.class
})
public @interface PortalWebSlice {}
