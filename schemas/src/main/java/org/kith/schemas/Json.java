package org.kith.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one hardened Jackson mapper for everything that crosses the hub. Input comes from other
 * organisations' systems, so parsing is bounded (nesting, string and document length), duplicate
 * keys and trailing content are errors, and no polymorphic default typing is ever enabled.
 *
 * <p>A number with a fraction or an exponent is read as the exact decimal it spells
 * ({@link java.math.BigDecimal}, trailing zeros kept), never rounded to a double: a tree read and
 * written again carries every number digit for digit, so what the hub forwards is the value the
 * partner signed. Bytes from partners are read through {@link PartnerJson}, which also refuses
 * what is not canonical UTF-8 and numbers no double can hold.
 */
public final class Json {

    /** Largest message document accepted anywhere, in bytes. */
    public static final int MAX_DOCUMENT_BYTES = 1_048_576;
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_STRING_LENGTH = 65_536;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxDocumentLength(MAX_DOCUMENT_BYTES)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
