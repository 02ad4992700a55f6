package cn.fjquality.targets.domain;

/**
 * Which targets a list, an export or a progress view covers; every field but includeRetired is optional (null: any).
 * section matches a prefix (二、(一) = the whole chapter), q part of a Chinese or English name or of a code.
 */
public record TargetFilter(String plan, TargetKind kind, String leadUnit, String section, String q, boolean includeRetired) {
}
