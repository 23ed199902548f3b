package io.lcnnserve.service.api;

import io.lcnnserve.service.serving.ModelServing;
import io.lcnnserve.store.lifecycle.ModelStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code models} health: UP when the store is loaded and (strict readiness) every model serves; part of readiness. */
@Component("models")
public class ModelsHealthIndicator implements HealthIndicator {
    private final ModelServing serving;

    public ModelsHealthIndicator(ModelServing serving) {
        this.serving = serving;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (ModelStatus status : serving.models()) {
            details.put(status.name(), status.versions().stream()
                .map(v -> v.version() + ":" + v.state()).collect(Collectors.joining(",")));
        }
        Health.Builder builder = serving.isReady() ? Health.up() : Health.outOfService();
        String reason = serving.notReadyReason();
        if (reason != null) {
            builder.withDetail("reason", reason);
        }
        return builder.withDetail("store", String.valueOf(serving.location())).withDetails(details).build();
    }
}
