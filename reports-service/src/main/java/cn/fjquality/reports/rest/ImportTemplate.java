package cn.fjquality.reports.rest;

import cn.fjquality.reports.rest.MeasurementDtos.CompletenessItem;
import cn.fjquality.reports.rest.MeasurementDtos.CompletenessReport;
import cn.fjquality.tabular.Xlsx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The import template: what a unit reports for a period, as an .xlsx to fill in. The first eight columns are the CSV's
 * (headers like 数值 (value): the importer takes the name in brackets), prefilled with target, unit, place and period; the
 * columns whose header starts with # are for the person filling it in, and the importer ignores them.
 */
final class ImportTemplate {
    static final List<Xlsx.Column> COLUMNS = Xlsx.columns(
            "target", "指标代码 (target)", "unit", "报送单位 (unit)", "place", "地区 (place)", "period", "期别 (period)",
            "value", "数值 (value)", "numerator", "分子 (numerator)", "denominator", "分母 (denominator)", "comment", "说明 (comment)",
            "#name", "#指标名称", "#unitOfMeasure", "#计量单位", "#how", "#填报方式", "#lowerBound", "#下限", "#upperBound", "#上限",
            "#dueDate", "#截止日期", "#owed", "#应报", "#current", "#当前数值", "#status", "#审核状态", "#reason", "#退回理由");

    private ImportTemplate() {
    }

    static byte[] xlsx(CompletenessReport report) {
        List<CompletenessItem> items = new ArrayList<>(report.items());
        items.sort(Comparator.comparing((CompletenessItem i) -> !i.owed()).thenComparing(CompletenessItem::unit)
                .thenComparing(CompletenessItem::target));
        List<List<?>> rows = new ArrayList<>();
        for (CompletenessItem i : items) {
            var c = i.current();
            rows.add(Arrays.asList(i.target(), i.unit(), i.place(), report.period(), null, null, null, null,
                    i.targetNameZh(), i.unitOfMeasure(), i.ratio() ? "分子/分母（或数值）" : "数值", i.lowerBound(), i.upperBound(),
                    i.dueDate(), i.owed() ? "是" : "否（可报份额）", c == null ? null : c.value(), c == null ? null : statusZh(c.status()),
                    c == null ? null : c.reviewReason()));
        }
        return Xlsx.bytes("填报", COLUMNS, rows);
    }

    private static String statusZh(String status) {
        return switch (status) {
            case "SUBMITTED" -> "待审核";
            case "APPROVED" -> "已通过";
            case "RETURNED" -> "已退回";
            default -> status;
        };
    }
}
