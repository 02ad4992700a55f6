package cn.fjquality.targets.rest;

import cn.fjquality.support.Downloads;
import cn.fjquality.tabular.Xlsx;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * targets-service's .xlsx exports: the same table as the CSV, its columns titled in Chinese (written by the shared
 * {@link Xlsx}: the header row frozen, numbers as numbers, the formula-safe text rule), answered through
 * {@link Downloads} like every other export.
 */
final class SheetTitles {
    private SheetTitles() {
    }

    /** The workbook of a CSV export's header and rows, one sheet named {@code sheet}. */
    static Response xlsx(String sheet, List<String> header, Iterable<? extends List<?>> rows, String filename) {
        List<Xlsx.Column> columns = header.stream().map(k -> Xlsx.column(k, TITLES.getOrDefault(k, k))).toList();
        return Downloads.xlsx(sheet, columns, rows, filename);
    }

    /** The Chinese header of each column the exports have. */
    static final java.util.Map<String, String> TITLES = java.util.Map.ofEntries(
            java.util.Map.entry("code", "指标代码"), java.util.Map.entry("planCode", "规划代码"), java.util.Map.entry("section", "章节"),
            java.util.Map.entry("nameZh", "指标名称"), java.util.Map.entry("nameEn", "英文名称"), java.util.Map.entry("kind", "类型"),
            java.util.Map.entry("unit", "计量单位"), java.util.Map.entry("comparator", "比较方式"), java.util.Map.entry("targetValue", "目标值"),
            java.util.Map.entry("deadlineYear", "目标年份"), java.util.Map.entry("leadUnits", "牵头单位"), java.util.Map.entry("actual", "实际值"),
            java.util.Map.entry("gap", "差距"), java.util.Map.entry("percentOfTarget", "完成目标（%）"), java.util.Map.entry("status", "状态"),
            java.util.Map.entry("forecast", "预测值"), java.util.Map.entry("progressRatio", "进度比 P"),
            java.util.Map.entry("lastReportAt", "最近报送（北京时间）"), java.util.Map.entry("stale", "数据过期"),
            java.util.Map.entry("asOf", "评估时间（北京时间）"), java.util.Map.entry("lastPeriod", "最新期别"),
            java.util.Map.entry("coveredThrough", "数据截至"), java.util.Map.entry("source", "来源"),
            java.util.Map.entry("placesCovered", "已汇总地区数"), java.util.Map.entry("placesTotal", "下级地区数"),
            java.util.Map.entry("flaggedPeriods", "核对差异期数"), java.util.Map.entry("period", "期别"),
            java.util.Map.entry("start", "起始日"), java.util.Map.entry("end", "结束日"), java.util.Map.entry("value", "数值"),
            java.util.Map.entry("numerator", "分子"), java.util.Map.entry("denominator", "分母"), java.util.Map.entry("reportedBy", "报送单位"),
            java.util.Map.entry("rolledUpFrom", "汇总自"), java.util.Map.entry("monthsCovered", "覆盖月数"),
            java.util.Map.entry("monthsTotal", "总月数"), java.util.Map.entry("used", "计入评估"), java.util.Map.entry("flagged", "核对差异"),
            java.util.Map.entry("reconciliation", "核对说明"), java.util.Map.entry("targetCode", "指标代码"),
            java.util.Map.entry("targetNameZh", "指标名称"), java.util.Map.entry("cityCode", "设区市代码"),
            java.util.Map.entry("cityNameZh", "设区市"), java.util.Map.entry("divisionCode", "行政区划代码"), java.util.Map.entry("rank", "排名"),
            java.util.Map.entry("shareOfProvince", "占全省比重"), java.util.Map.entry("provinceValue", "全省数值"),
            java.util.Map.entry("provinceSource", "全省数值来源"));
}
