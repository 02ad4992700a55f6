package cn.fjquality.targets.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** A plan (纲要, 工作要点, 实施意见 ...) and its horizon; its targets' deadlines lie within it. */
@Entity
@Table(name = "plan")
public class Plan {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, updatable = false)
    public String code;

    @Column(name = "title_zh", nullable = false)
    public String titleZh;

    @Column(name = "title_en", nullable = false)
    public String titleEn;

    @Column(nullable = false)
    public String issuer;

    @Column(name = "issued_date")
    public LocalDate issuedDate;

    @Column(name = "start_year", nullable = false)
    public int startYear;

    @Column(name = "end_year", nullable = false)
    public int endYear;

    @Column(name = "source_document")
    public String sourceDocument;

    /** The chapter titles of the plan's document, in document order (from the catalog file). */
    @jakarta.persistence.Convert(converter = ChaptersConverter.class)
    @Column(nullable = false)
    public java.util.List<cn.fjquality.targets.service.CatalogFile.Chapter> chapters = new java.util.ArrayList<>();

    /** SHA-256 of the catalog entry last applied to this plan. */
    @Column(name = "catalog_hash")
    public String catalogHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean covers(int year) {
        return year >= startYear && year <= endYear;
    }

    /**
     * The chapters as JSON text, with a mapper of its own: not the REST layer's (problem-json customizes that one), so
     * the stored form never changes with the API's settings.
     */
    @jakarta.persistence.Converter
    public static class ChaptersConverter
            implements jakarta.persistence.AttributeConverter<java.util.List<cn.fjquality.targets.service.CatalogFile.Chapter>, String> {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private static final com.fasterxml.jackson.core.type.TypeReference<java.util.List<cn.fjquality.targets.service.CatalogFile.Chapter>> TYPE =
                new com.fasterxml.jackson.core.type.TypeReference<>() {
                };

        @Override
        public String convertToDatabaseColumn(java.util.List<cn.fjquality.targets.service.CatalogFile.Chapter> chapters) {
            try {
                return JSON.writeValueAsString(chapters == null ? java.util.List.of() : chapters);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public java.util.List<cn.fjquality.targets.service.CatalogFile.Chapter> convertToEntityAttribute(String text) {
            try {
                return text == null || text.isBlank() ? new java.util.ArrayList<>() : new java.util.ArrayList<>(JSON.readValue(text, TYPE));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
