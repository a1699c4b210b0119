package org.kith.hub.enforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kith.hub.ledger.LedgerEvent;

/**
 * What one arrival or punctuation is to write, in order: a handler builds it and returns it, the
 * {@link EffectWriter} writes it. Order matters where it is seen: a ledger chain, and the records
 * of one sink, are written in the order the handler gave.
 */
final class Effects {

    private final List<Effect> all = new ArrayList<>();

    static Effects none() {
        return new Effects();
    }

    static Effects of(Effect... effects) {
        Effects out = new Effects();
        for (Effect effect : effects) {
            out.add(effect);
        }
        return out;
    }

    Effects add(Effect effect) {
        all.add(effect);
        return this;
    }

    Effects addAll(Effects more) {
        all.addAll(more.all);
        return this;
    }

    Effects ledger(LedgerEvent event) {
        return add(new Effect.Ledger(event));
    }

    Effects status(String familyId, String partner, StatusNotice notice) {
        return add(new Effect.Status(familyId, partner, notice));
    }

    /** Every effect, in the order it is to be written. */
    List<Effect> all() {
        return Collections.unmodifiableList(all);
    }

    /** The effects of one kind, in order (for tests and for handlers that read what release produced). */
    <T extends Effect> List<T> ofKind(Class<T> kind) {
        return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Override
    public String toString() {
        return all.stream().map(e -> e.getClass().getSimpleName()).toList().toString();
    }
}
