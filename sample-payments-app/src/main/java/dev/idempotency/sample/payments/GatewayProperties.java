package dev.idempotency.sample.payments;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the simulated card gateway behaves.
 *
 * @param latency how long each charge takes
 * @param failureRate the share of charges that fail, from 0 (none) to 1 (all)
 */
@ConfigurationProperties("payments.gateway")
@Validated
public record GatewayProperties(@NotNull @DefaultValue("0s") Duration latency,
		@DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double failureRate) {

}
