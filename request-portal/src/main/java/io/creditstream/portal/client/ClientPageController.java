package io.creditstream.portal.client;

import io.creditstream.portal.link.InvalidCredentialException;
import io.creditstream.portal.link.VerifiedLink;
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
 * server renders the current status (usable without script); the page script then subscribes to the
 * SSE stream and draws the charts.
 */
@Controller
class ClientPageController {

  private static final Logger log = LoggerFactory.getLogger(ClientPageController.class);

  private final ClientAccess access;
  private final ClientStatus status;

  ClientPageController(ClientAccess access, ClientStatus status) {
    this.access = access;
    this.status = status;
  }

  @GetMapping("/c/{credential}")
  String page(@PathVariable String credential, Locale locale, Model model) {
    VerifiedLink link = access.check(credential, null);
    ClientView view = status.view(link.applicationId(), link.clientId(), locale);
    model.addAttribute("view", view);
    model.addAttribute("credential", credential);
    model.addAttribute("expiresAt", link.expiresAt());
    model.addAttribute("lang", locale.getLanguage());
    return "client";
  }

  @ExceptionHandler(InvalidCredentialException.class)
  String refused(InvalidCredentialException e, HttpServletResponse response) {
    log.info("Client link refused: {}", e.kind());
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    return "link-invalid";
  }
}
