package dev.inspection.scoring.engine;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightLimiterTest {

    @Test
    void refusesOverTheBoundAndFreesOnClose() {
        InFlightLimiter limiter = new InFlightLimiter(3);
        InFlightLimiter.Permit two = limiter.acquire(2);
        InFlightLimiter.Permit one = limiter.acquire(1);
        ScoringException full = assertThrows(ScoringException.class, () -> limiter.acquire(1));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.code());
        assertTrue(full.getMessage().contains("max-in-flight"));
        two.close();
        two.close(); // idempotent
        assertEquals(1, limiter.inFlight());
        limiter.acquire(2).close();
        one.close();
        assertEquals(0, limiter.inFlight());
        assertThrows(IllegalArgumentException.class, () -> new InFlightLimiter(0));
    }
}
