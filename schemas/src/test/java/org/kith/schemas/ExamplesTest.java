package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example does what the manifest says: valid ones pass, invalid ones fail exactly where it says. */
class ExamplesTest {

    @TestFactory
    Stream<DynamicTest> everyExampleIsJudgedAsTheManifestSays() {
        var validator = new SubmissionValidator();
        return Examples.all().stream().map(example -> DynamicTest.dynamicTest(example.file(), () -> {
            ValidationResult result = validator.validate(example.bytes());
            if (example.valid()) {
                assertInstanceOf(ValidationResult.Valid.class, result, () -> example.file() + ": " + result);
            } else {
                var invalid = assertInstanceOf(ValidationResult.Invalid.class, result, example.file());
                assertEquals(example.violations().stream().sorted().toList(),
                        invalid.violations().stream().map(Violation::pointer).sorted().toList(),
                        example.file() + " (" + example.wrong() + "): " + invalid.violations());
            }
        }));
    }

    @Test
    void everyTypeHasAtLeastTwoValidAndTwoInvalidExamples() {
        List<String> short_ = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            long valid = Examples.all().stream().filter(e -> e.type() == type && e.valid()).count();
            long invalid = Examples.all().stream().filter(e -> e.type() == type && !e.valid()).count();
            if (valid < 2 || invalid < 2) {
                short_.add(type.shortName() + " has " + valid + " valid and " + invalid + " invalid");
            }
        }
        assertEquals(List.of(), short_);
        assertTrue(Examples.all().stream().filter(e -> !e.valid()).allMatch(e -> !e.wrong().isBlank()),
                "every invalid example says what is wrong");
    }

    @Test
    void everyValidExampleIsFullyCategorised() {
        for (Examples.Example example : Examples.all()) {
            if (example.valid()) {
                JsonNode data = example.json().get("data");
                assertTrue(Contracts.get().of(example.type()).classify(data).stream().allMatch(f -> f.category().isPresent()),
                        example.file());
            }
        }
    }
}
