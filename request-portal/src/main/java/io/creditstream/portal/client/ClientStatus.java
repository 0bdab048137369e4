package io.creditstream.portal.client;

import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.RefusalStore;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What a client's page shows now: the decision, else the refusal that ended the application, else
 * "being assessed". Only the client the link was issued to sees either: a decision or a refusal for
 * another client under the same application id (a front office that reused it) is never shown.
 */
@Component
public class ClientStatus {
  private final DecisionStore decisions;
  private final RefusalStore refusals;
  private final ClientViews views;

  ClientStatus(DecisionStore decisions, RefusalStore refusals, ClientViews views) {
    this.decisions = decisions;
    this.refusals = refusals;
    this.views = views;
  }

  ClientView view(String applicationId, long clientId, Locale locale) {
    return decisions
        .find(applicationId, clientId)
        .map(d -> views.decided(d, locale))
        .or(() -> refusals.ending(applicationId, clientId).map(r -> views.refused(r, locale)))
        .orElseGet(() -> views.pending(applicationId, locale));
  }
}
