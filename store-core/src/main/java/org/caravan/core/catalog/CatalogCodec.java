package org.caravan.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;

/**
 * Canonical JSON for catalogs: UTF-8, keys sorted, no insignificant white space, instants as ISO-8601
 * UTC strings. The same catalog always gives the same bytes, so its hash and signature are stable.
 */
public final class CatalogCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // The exceptions to missing-is-an-error: see omittedDefaults().
            .injectableValues(omittedDefaults())
            .build();

    /**
     * The exceptions to missing-is-an-error: Release.mirrors, Catalog.rootHistory, Catalog.endorsed and
     * SignedRootSet.endorses came later, and catalogs written before them must keep decoding (and their bytes)
     * without the keys. Whatever else reads these records from JSON (the local channel) injects the same.
     */
    public static InjectableValues omittedDefaults() {
        return new InjectableValues.Std().addValue(Release.NO_MIRRORS, List.of())
                .addValue(Release.NO_NOTES, "")
                .addValue(Release.NO_SEALED, null)
                .addValue(Release.NO_LICENSED_BY, null)
                .addValue(CatalogApp.NO_DETAILS, null)
                .addValue(Catalog.NO_ROOT_HISTORY, List.of())
                .addValue(Catalog.NO_ENDORSED, List.of())
                .addValue(Catalog.NO_DELEGATION, null)
                .addValue(Catalog.NO_POLICY_SIGNATURES, List.of())
                .addValue(SignedRootSet.NO_ENDORSEMENT, org.caravan.keyring.trust.Endorsement.NONE);
    }

    private CatalogCodec() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Catalog catalog) {
        try {
            return MAPPER.writeValueAsBytes(catalog);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize catalog", e);
        }
    }

    public static Catalog decode(byte[] json) {
        try {
            Catalog c = MAPPER.readValue(json, Catalog.class);
            if (c == null) {
                throw new CatalogFormatException("catalog.json is empty");
            }
            return c;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CatalogFormatException("catalog.json is invalid: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new CatalogFormatException("catalog.json is not a valid catalog: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogFormatException("catalog.json cannot be read: " + e.getMessage(), e);
        }
    }
}
