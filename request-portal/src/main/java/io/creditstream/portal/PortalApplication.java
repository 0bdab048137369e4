package io.creditstream.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The request portal: front offices submit applications to {@code loan-applications}, clients
 * follow their decision from {@code loan-decisions} live, auditors search decisions, drift and
 * replays.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortalApplication {

  public static void main(String[] args) {
    SpringApplication.run(PortalApplication.class, args);
  }
}
