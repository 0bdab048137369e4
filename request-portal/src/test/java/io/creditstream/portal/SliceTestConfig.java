package io.creditstream.portal;

import io.creditstream.portal.config.PortalProperties;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What MVC slices need beyond the web layer: the bound properties, a private in-memory store (a
 * fresh H2 database per context) and a clock the test moves.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
public class SliceTestConfig {

  public static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

  @Bean
  MutableClock clock() {
    return new MutableClock(START);
  }

  @Bean
  DataSource dataSource() {
    return new DriverManagerDataSource(
        "jdbc:h2:mem:slice-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @Bean
  JdbcTemplate jdbcTemplate(DataSource dataSource) {
    return new JdbcTemplate(dataSource);
  }

  @Bean
  TransactionTemplate transactionTemplate(DataSource dataSource) {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }
}
