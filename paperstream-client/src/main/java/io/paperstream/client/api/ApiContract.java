package io.paperstream.client.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.paperstream.client.ApiOperation;

/** The operations a typed API interface declares, read from its JAX-RS annotations. */
public final class ApiContract {

    private ApiContract() {
    }

    /** One {@link ApiOperation} per annotated method, its operationId the method's name. */
    public static List<ApiOperation> operations(Class<?> api) {
        String base = api.isAnnotationPresent(Path.class) ? api.getAnnotation(Path.class).value() : "";
        return Arrays.stream(api.getMethods())
                .filter(method -> httpMethod(method) != null)
                .sorted(Comparator.comparing(Method::getName))
                .map(method -> new ApiOperation(method.getName(), httpMethod(method),
                        base + method.getAnnotation(Path.class).value(), parameters(method),
                        statuses(method)))
                .toList();
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Set<String> parameters(Method method) {
        Set<String> names = new LinkedHashSet<>();
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(QueryParam.class)) {
                names.add(parameter.getAnnotation(QueryParam.class).value());
            } else if (parameter.isAnnotationPresent(PathParam.class)) {
                names.add(parameter.getAnnotation(PathParam.class).value());
            } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
                names.add(parameter.getAnnotation(HeaderParam.class).value());
            }
        }
        return names;
    }

    private static Set<Integer> statuses(Method method) {
        Answers answers = method.getAnnotation(Answers.class);
        Set<Integer> statuses = new LinkedHashSet<>();
        if (answers != null) {
            Arrays.stream(answers.value()).forEach(statuses::add);
        }
        return statuses;
    }
}
