package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.pipeline.PipelineFixture.AGENCY_TOKEN;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubOption;
import org.kith.hub.edge.ReferralRoutes;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.RunsAlone;

/**
 * The partners' rate limit is the hub's, not one instance's: with two instances running, a partner
 * whose requests are spread over both gets the limit in all, not twice it. Each instance allows its
 * share (the limit divided by the instances it knows), so the two together allow at most the limit.
 */
@RunsAlone
class SharedRateLimitIT {

    private static final int LIMIT = 10;

    @Test
    void twoInstancesTogetherAllowAPartnerTheLimitNotTwiceIt(@TempDir Path dir) {
        try (var fixture = PipelineFixture.create("SharedRateLimitIT", dir)
                .with(HubOption.INGRESS_RATE_LIMIT, Integer.toString(LIMIT))
                .with(HubOption.INGRESS_RATE_PERIOD_MS, "600000"); // no refill during the test
             Hub a = fixture.startHub(dir.resolve("a"), Clock.systemUTC());
             Hub b = fixture.startHub(dir.resolve("b"), Clock.systemUTC())) {
            await("both instances know of two").atMost(DEADLINE).until(() -> a.instances() == 2 && b.instances() == 2);

            List<AdminHttp> instances = List.of(new AdminHttp(a.httpPort()), new AdminHttp(b.httpPort()));
            int allowed = 0;
            for (int i = 0; i < 2 * LIMIT; i++) {
                HttpResponse<String> response = instances.get(i % 2).get(ReferralRoutes.MEASURES, AGENCY_TOKEN);
                if (response.statusCode() != 429) {
                    allowed++;
                } else {
                    assertTrue(response.body().contains("across the hub (5 on each of its 2 instances)"), response.body());
                }
            }
            assertEquals(LIMIT, allowed, "the partner's requests over both instances, allowed in all");
        }
    }
}
