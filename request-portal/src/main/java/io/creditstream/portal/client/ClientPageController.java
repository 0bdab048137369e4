package io.creditstream.portal.client;

import io.creditstream.portal.config.PortalProperties;
import io.creditstream.portal.link.InvalidCredentialException;
import io.creditstream.portal.link.VerifiedLink;
import io.creditstream.portal.ops.PortalMetrics;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The client's page, reached through the link given at submission ({@code /c/{credential}}). The
 * server renders everything the page shows (usable without script, and with no chart library to
 * download); when the live stream says the status changed, the page script fetches the result part
 * again ({@code /c/{credential}/result}) and swaps it in, so both come from one template.
 */
@Controller
class ClientPageController {

  private static final Logger log = LoggerFactory.getLogger(ClientPageController.class);

  private final ClientAccess access;
  private final ClientStatus status;
  private final PortalProperties properties;
  private final PortalMetrics metrics;

  ClientPageController(
      ClientAccess access,
      ClientStatus status,
      PortalProperties properties,
      PortalMetrics metrics) {
    this.access = access;
    this.status = status;
    this.properties = properties;
    this.metrics = metrics;
  }

  @GetMapping("/c/{credential}")
  String page(@PathVariable String credential, Locale locale, Model model) {
    fill(credential, locale, model, "page");
    return "client";
  }

  @GetMapping("/c/{credential}/result")
  String result(@PathVariable String credential, Locale locale, Model model) {
    fill(credential, locale, model, "update");
    return "client :: result";
  }

  private void fill(String credential, Locale locale, Model model, String via) {
    VerifiedLink link = access.check(credential, null);
    ClientView view = status.view(link.applicationId(), link.clientId(), locale);
    if (view.outcome() != null) {
      metrics.decisionShown(view.outcome(), via);
    }
    model.addAttribute("view", view);
    model.addAttribute("credential", credential);
    model.addAttribute("expiresAt", link.expiresAt());
    model.addAttribute("lang", locale.getLanguage());
    model.addAttribute("contact", properties.client().contact());
  }

  @ExceptionHandler(InvalidCredentialException.class)
  String refused(InvalidCredentialException e, HttpServletResponse response) {
    log.info("Client link refused: {}", e.kind());
    metrics.clientRefusal(e.kind().name().toLowerCase(Locale.ROOT));
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    return "link-invalid";
  }
}
