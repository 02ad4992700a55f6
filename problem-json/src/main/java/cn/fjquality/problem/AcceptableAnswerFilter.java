package cn.fjquality.problem;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers 406 before the resource method runs when the client's {@code Accept} admits none of the method's
 * {@code @Produces} types. RESTEasy Reactive checks this itself for most methods, but not when several methods share
 * a path and method and differ only in {@code @Consumes} (the imports): there the check came only when the answer was
 * written, after the rows were committed, so a client was told 406 about data that had been stored.
 */
public class AcceptableAnswerFilter {
    private final Map<Method, List<MediaType>> producedByMethod = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void refuseUnacceptableAnswers(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        List<MediaType> produced = producedByMethod.computeIfAbsent(method, m -> produced(m, resource.getResourceClass()));
        if (produced.isEmpty()) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = request.getAcceptableMediaTypes();
        } catch (RuntimeException malformed) {
            // an Accept header that does not parse is left to the framework's own handling, as before
            return;
        }
        if (!admitsAny(accepted, produced)) {
            throw new NotAcceptableException();
        }
    }

    static boolean admitsAny(List<MediaType> accepted, List<MediaType> produced) {
        if (accepted.isEmpty()) {
            return true;
        }
        for (MediaType acceptable : accepted) {
            if (acceptable.getParameters().getOrDefault("q", "1").trim().matches("0(\\.0*)?")) {
                continue; // q=0: explicitly not acceptable
            }
            for (MediaType type : produced) {
                if (acceptable.isCompatible(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<MediaType> produced(Method method, Class<?> resourceClass) {
        Produces produces = method.getAnnotation(Produces.class);
        if (produces == null && resourceClass != null) {
            produces = resourceClass.getAnnotation(Produces.class);
        }
        if (produces == null) {
            return List.of();
        }
        return Arrays.stream(produces.value())
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(MediaType::valueOf)
                .toList();
    }
}
