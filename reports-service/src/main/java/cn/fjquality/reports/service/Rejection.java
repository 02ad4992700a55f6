package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.problem.Problem;

import java.util.List;

/** Why one submitted row was not accepted: a stable code, the field at fault, the HTTP status a single submission gets. */
public record Rejection(int status, String field, String code, String message) implements Verdict {

    public static Rejection of(String field, String code, String message) {
        return new Rejection(422, field, code, message);
    }

    public ApiException toException() {
        return new ApiException(status, code, message, field == null ? null : List.of(Problem.FieldError.of(field, code, message)));
    }
}
