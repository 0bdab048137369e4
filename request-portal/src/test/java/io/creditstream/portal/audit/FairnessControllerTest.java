package io.creditstream.portal.audit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.creditstream.portal.FairnessDecisions;
import io.creditstream.portal.PortalWebSlice;
import io.creditstream.portal.frontoffice.ApplicationPublisher;
import io.creditstream.portal.store.DecisionStore;
import io.creditstream.portal.store.ModelCardStore;
import io.creditstream.portal.store.StoreFixtures;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@PortalWebSlice
class FairnessControllerTest {

  @Autowired MockMvc mvc;
  @Autowired DecisionStore store;
  @Autowired ModelCardStore cards;
  @MockitoBean ApplicationPublisher publisher;

  @BeforeEach
  void decisions() {
    StoreFixtures.put(cards, FairnessDecisions.release());
    Instant day = Instant.parse("2026-10-01T12:00:00Z");
    for (int i = 0; i < 50; i++) {
      // women aged 30: 40 of 50 approved (0.8); men aged 45: 20 of 50 approved (0.4, ratio 0.5)
      StoreFixtures.put(
          store, FairnessDecisions.decision("fw-" + i, 700000 + i, "F", 30, i < 40, day));
      StoreFixtures.put(
          store, FairnessDecisions.decision("fm-" + i, 710000 + i, "M", 45, i < 20, day));
    }
    // outside the period asked for below: 50 men all approved
    for (int i = 0; i < 50; i++) {
      StoreFixtures.put(
          store,
          FairnessDecisions.decision(
              "late-" + i, 720000 + i, "M", 45, true, Instant.parse("2026-10-05T00:00:00Z")));
    }
  }

  @Test
  void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
    mvc.perform(get("/audit/fairness")).andExpect(status().isFound());
  }

  @Test
  void flagsTheGroupBelowFourFifthsInThePeriodAndSaysWhyThereIsNoDefaultRate() throws Exception {
    mvc.perform(
            get("/audit/fairness")
                .param("from", "2026-10-01")
                .param("to", "2026-10-02")
                .param("modelVersion", FairnessDecisions.modelVersion())
                .with(user("alice").roles("AUDITOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("<span class=\"decision-count\">100</span>")))
        // men: approval 0.400, ratio 0.500, flagged
        .andExpect(
            content()
                .string(
                    containsString(
                        "<td>M</td>\n        <td>50</td>\n        <td>0.400</td>\n        <td>0.500</td>")))
        .andExpect(content().string(containsString("below 0.8")))
        .andExpect(content().string(containsString("Outcomes are not known for live decisions")))
        .andExpect(content().string(not(containsString("ROC AUC</th>"))));
  }

  @Test
  void aBadTimeIsNamed() throws Exception {
    mvc.perform(get("/audit/fairness").param("from", "yesterday").with(user("a").roles("AUDITOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Invalid criteria")));
  }
}
