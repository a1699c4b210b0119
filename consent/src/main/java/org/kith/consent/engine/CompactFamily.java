package org.kith.consent.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.Directive;
import org.kith.consent.model.DirectiveStatus;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Partner;
import org.kith.consent.model.Person;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * One family's directives compiled for the decision path: bit masks and instants in one
 * {@code long[]} (a fixed stride per directive), the family members' birth dates and who may
 * consent for whom in two small arrays. A decision then reads a few contiguous cache lines instead
 * of following each directive's sets, periods and strings, which is what keeps the latency at a
 * million directives close to the latency at a thousand. Built with the {@link FamilyRecord}; the
 * {@link Directive}s stay the source of truth and are only touched to cite their ids.
 *
 * <p>People are numbered in the order: the profile's members, then anyone a directive names as
 * subject or grantor who is not in the profile (they get no birth date, so no authority).
 */
final class CompactFamily {

    // the fields of one directive in the long[]
    static final int CATEGORIES = 0;
    static final int SUBJECTS = 1;
    static final int KINDS = 2;
    static final int PURPOSES = 3;
    static final int TYPES = 4;
    static final int FROM_SECOND = 5;
    static final int FROM_NANO_AND_FLAGS = 6;
    static final int TO_SECOND = 7;
    static final int TO_NANO = 8;
    static final int REVOKED_SECOND = 9;
    static final int REVOKED_NANO = 10;
    /** Where the directive's named recipients are in {@link #named}: start in the low half, end in the high half. */
    static final int NAMED_RANGE = 11;
    static final int STRIDE = 12;

    // FROM_NANO_AND_FLAGS: nanos in the low 32 bits, then these
    static final long PERMIT = 1L << 32;
    static final long REDISCLOSURE = 1L << 33;
    static final long SOURCE_LIMITED = 1L << 34;
    static final int GRANTOR_SHIFT = 40;   // 8 bits: grantor's person number
    static final int CAPACITY_SHIFT = 48;  // 8 bits: capacity ordinal

    static final int MAX_PEOPLE = 64;
    static final int NO_BIRTH = -1;

    static {
        if (Category.values().length > 64 || PartnerKind.values().length > 64 || Purpose.values().length > 64
                || MessageType.values().length > 64) {
            throw new ExceptionInInitializerError("a vocabulary outgrew a 64-bit mask");
        }
    }

    final Directive[] directives;
    /** The directives' ids, in order: citing a directive need not touch the directive. */
    final String[] ids;
    /**
     * People first, two longs each (birth date as yyyymmdd in the low half and the id's hash in the
     * high half; then the guardian mask: bit g set if person g holds consent authority for them),
     * then {@link #STRIDE} longs per directive.
     */
    final long[] data;
    private final int directiveBase;
    /** Each directive's named recipients (interned ids), flattened; see {@link #NAMED_RANGE}. */
    final String[] named;
    final String[] people;

    private CompactFamily(Directive[] directives, long[] data, String[] named, String[] people) {
        this.directives = directives;
        this.ids = new String[directives.length];
        for (int k = 0; k < directives.length; k++) {
            ids[k] = directives[k].id();
        }
        this.data = data;
        this.directiveBase = 2 * people.length;
        this.named = named;
        this.people = people;
    }

    static CompactFamily of(FamilyProfile profile, List<Directive> directiveList) {
        Map<String, Integer> number = new LinkedHashMap<>();
        profile.persons().keySet().stream().sorted().forEach(id -> number.put(id, number.size()));
        for (Directive d : directiveList) {
            d.subjects().stream().sorted().forEach(id -> number.putIfAbsent(id, number.size()));
            number.putIfAbsent(d.grantor().personId(), number.size());
        }
        if (number.size() > MAX_PEOPLE) {
            throw new IllegalArgumentException("family " + profile.familyId() + " has more than " + MAX_PEOPLE
                    + " people in its record and directives");
        }
        String[] people = number.keySet().toArray(new String[0]);
        Directive[] directives = directiveList.toArray(new Directive[0]);
        long[] data = new long[2 * people.length + directives.length * STRIDE];
        for (int p = 0; p < people.length; p++) {
            Person person = profile.persons().get(people[p]);
            int birth = person == null || person.birthDate().isEmpty() ? NO_BIRTH : yyyymmdd(person.birthDate().get());
            data[2 * p] = (birth & 0xFFFFFFFFL) | ((long) people[p].hashCode() << 32);
            if (person != null) {
                for (String g : person.consentingForThem()) {
                    Integer gi = number.get(g);
                    if (gi != null) {
                        data[2 * p + 1] |= 1L << gi;
                    }
                }
            }
        }

        List<String> named = new ArrayList<>();
        for (int k = 0; k < directives.length; k++) {
            Directive d = directives[k];
            int base = 2 * people.length + k * STRIDE;
            data[base + CATEGORIES] = mask(d.categories());
            long subjects = 0;
            for (String s : d.subjects()) {
                subjects |= 1L << number.get(s);
            }
            data[base + SUBJECTS] = subjects;
            data[base + KINDS] = mask(d.recipients().kinds());
            data[base + PURPOSES] = mask(d.purposes());
            data[base + TYPES] = d.messageTypes().isEmpty() ? -1L : mask(d.messageTypes());
            Instant from = d.period().from();
            Instant to = d.period().to().orElse(Instant.MAX);
            Instant revoked = d.status() instanceof DirectiveStatus.Revoked r ? r.at() : Instant.MAX;
            data[base + FROM_SECOND] = from.getEpochSecond();
            data[base + FROM_NANO_AND_FLAGS] = from.getNano() | (d.isPermit() ? PERMIT : 0)
                    | (d.redisclosureAllowed() ? REDISCLOSURE : 0)
                    | (d.sources().any() ? 0 : SOURCE_LIMITED)
                    | ((long) number.get(d.grantor().personId()) << GRANTOR_SHIFT)
                    | ((long) d.grantor().capacity().ordinal() << CAPACITY_SHIFT);
            data[base + TO_SECOND] = to.getEpochSecond();
            data[base + TO_NANO] = to.getNano();
            data[base + REVOKED_SECOND] = revoked.getEpochSecond();
            data[base + REVOKED_NANO] = revoked.getNano();
            long start = named.size();
            named.addAll(d.recipients().named());
            data[base + NAMED_RANGE] = start | ((long) named.size() << 32);
        }
        return new CompactFamily(directives, data, named.toArray(new String[0]), people);
    }

    static int yyyymmdd(LocalDate day) {
        return day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    }

    static long mask(Iterable<? extends Enum<?>> values) {
        long mask = 0;
        for (Enum<?> v : values) {
            mask |= 1L << v.ordinal();
        }
        return mask;
    }

    int size() {
        return directives.length;
    }

    /** The person's number, or -1 if neither the profile nor any directive knows them. */
    int person(String personId) {
        int hash = personId.hashCode();
        for (int i = 0; i < people.length; i++) {
            if ((int) (data[2 * i] >>> 32) == hash && people[i].equals(personId)) {
                return i;
            }
        }
        return -1;
    }

    /** Whole years of age on {@code today} (yyyymmdd), or -1 if the birth date is unknown. */
    int age(int person, int today) {
        int born = (int) data[2 * person];
        return born == NO_BIRTH ? -1 : (today - born) / 10_000;
    }

    /** Whether directive k names this partner; ids are interned, so this is usually a reference check. */
    boolean names(int k, String partnerId) {
        long range = data[directiveBase + k * STRIDE + NAMED_RANGE];
        for (int i = (int) range, end = (int) (range >>> 32); i < end; i++) {
            if (named[i].equals(partnerId)) {
                return true;
            }
        }
        return false;
    }

    boolean designates(int k, PartnerKind kind) {
        return (data[directiveBase + k * STRIDE + KINDS] & (1L << kind.ordinal())) != 0;
    }

    boolean covers(int k, int person, Category category) {
        int base = directiveBase + k * STRIDE;
        return (data[base + CATEGORIES] & (1L << category.ordinal())) != 0
                && (data[base + SUBJECTS] & (1L << person)) != 0;
    }

    boolean isPermit(int k) {
        return (data[directiveBase + k * STRIDE + FROM_NANO_AND_FLAGS] & PERMIT) != 0;
    }

    boolean redisclosureAllowed(int k) {
        return (data[directiveBase + k * STRIDE + FROM_NANO_AND_FLAGS] & REDISCLOSURE) != 0;
    }

    int grantor(int k) {
        return (int) ((data[directiveBase + k * STRIDE + FROM_NANO_AND_FLAGS] >>> GRANTOR_SHIFT) & 0xFF);
    }

    Capacity capacity(int k) {
        return CAPACITIES[(int) ((data[directiveBase + k * STRIDE + FROM_NANO_AND_FLAGS] >>> CAPACITY_SHIFT) & 0xFF)];
    }

    private static final Capacity[] CAPACITIES = Capacity.values();

    boolean holdsAuthority(int grantor, int subject) {
        return (data[2 * subject + 1] & (1L << grantor)) != 0;
    }

    /**
     * Whether directive k is about messages of this type from this sender at all (a directive may be
     * limited to some types and some senders; the rare sender limit is read from the directive).
     */
    boolean appliesTo(int k, MessageType type, Partner sender) {
        int base = directiveBase + k * STRIDE;
        return (data[base + TYPES] & (1L << type.ordinal())) != 0
                && ((data[base + FROM_NANO_AND_FLAGS] & SOURCE_LIMITED) == 0 || directives[k].sources().covers(sender));
    }

    /**
     * Whether directive k stands for a message of this purpose at this instant, whatever the
     * category and subject: null if it does, else why not.
     */
    ReasonCode standing(int k, Purpose purpose, long nowSecond, int nowNano) {
        int base = directiveBase + k * STRIDE;
        if ((data[base + PURPOSES] & (1L << purpose.ordinal())) == 0) {
            return ReasonCode.PURPOSE_NOT_COVERED;
        }
        if (!before(nowSecond, nowNano, data[base + REVOKED_SECOND], (int) data[base + REVOKED_NANO])) {
            return ReasonCode.CONSENT_REVOKED;
        }
        if (!before(nowSecond, nowNano, data[base + TO_SECOND], (int) data[base + TO_NANO])) {
            return ReasonCode.CONSENT_EXPIRED;
        }
        if (before(nowSecond, nowNano, data[base + FROM_SECOND], (int) data[base + FROM_NANO_AND_FLAGS])) {
            return ReasonCode.CONSENT_NOT_YET_EFFECTIVE;
        }
        return null;
    }

    /** (second, nano) a strictly before (second, nano) b. */
    private static boolean before(long aSecond, int aNano, long bSecond, int bNano) {
        return aSecond < bSecond || (aSecond == bSecond && aNano < bNano);
    }
}
