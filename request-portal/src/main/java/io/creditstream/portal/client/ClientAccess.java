package io.creditstream.portal.client;

import io.creditstream.portal.link.InvalidCredentialException;
import io.creditstream.portal.link.LinkCredentials;
import io.creditstream.portal.link.VerifiedLink;
import org.springframework.stereotype.Component;

/** Checks that a client credential grants the application asked for. */
@Component
public class ClientAccess {

  private final LinkCredentials credentials;

  public ClientAccess(LinkCredentials credentials) {
    this.credentials = credentials;
  }

  public VerifiedLink check(String credential, String applicationId) {
    if (credential == null || credential.isBlank()) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.MISSING);
    }
    VerifiedLink link = credentials.verify(credential);
    if (applicationId != null && !link.applicationId().equals(applicationId)) {
      throw new InvalidCredentialException(InvalidCredentialException.Kind.WRONG_APPLICATION);
    }
    return link;
  }
}
