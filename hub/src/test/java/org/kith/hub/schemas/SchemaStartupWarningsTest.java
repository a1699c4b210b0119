package org.kith.hub.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.kith.schemas.SubmissionValidator;

/**
 * Loading the hub's schemas, as the hub does at start, logs no warning of the schema validator's
 * (before the meta-schema declared the {@code x-kith-*} keywords, one {@code Unknown keyword}
 * warning each).
 */
class SchemaStartupWarningsTest {

    @Test
    void loadingAndUsingTheSchemasLogsNoWarning() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        var appender = new AbstractAppender("schema-warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                    warnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        Logger validatorLogs = (Logger) LogManager.getLogger("com.networknt");
        validatorLogs.addAppender(appender);
        try {
            var validator = new SubmissionValidator();
            org.kith.schemas.Examples.all().forEach(example -> validator.validate(example.json()));
        } finally {
            validatorLogs.removeAppender(appender);
            appender.stop();
        }
        assertEquals(List.of(), warnings);
    }
}
