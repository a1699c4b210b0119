package org.kith.hub.family;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.ConsentStores;
import org.kith.hub.testing.IngressRecords;
import org.kith.schemas.SubmissionValidator;

class ScratchReadTest {
    @Test
    void read() {
        var records = new FamilyRecords(Jurisdiction.example());
        var v = new SubmissionValidator();
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        for (int n : new int[] {1, 100, 1000}) {
            var store = ConsentStores.inMemory();
            var p = Filing.file(FamilyStore.documents(store, "F-1"), IngressRecords.accept(v, DemoMessages.profile("county-cw", "F-1"), "m0", t0), t0, records, FamilyLimits.DEFAULT);
            p.writes().forEach(w -> store.put(w.key(), w.value()));
            for (int i = 1; i < n; i++) {
                var f = Filing.file(FamilyStore.documents(store, "F-1"), IngressRecords.accept(v, DemoMessages.consent("county-cw", "F-1", "D-" + i, "riverside-clinic"), "m" + i, t0), t0, records, FamilyLimits.DEFAULT);
                f.writes().forEach(w -> store.put(w.key(), w.value()));
            }
            int reps = n == 1000 ? 300 : 3000;
            long[] scan = new long[reps], read = new long[reps];
            for (int r = 0; r < reps; r++) {
                long a = System.nanoTime();
                var docs = FamilyStore.documents(store, "F-1");
                docs.directives();
                long b = System.nanoTime();
                records.read(FamilyStore.documents(store, "F-1"));
                long c = System.nanoTime();
                scan[r] = b - a; read[r] = c - b;
            }
            Arrays.sort(scan); Arrays.sort(read);
            System.out.printf("N=%d scan min=%.3fms p50=%.3fms | read min=%.3fms p50=%.3fms%n", n, scan[0] / 1e6, scan[reps / 2] / 1e6, read[0] / 1e6, read[reps / 2] / 1e6);
        }
    }
}
