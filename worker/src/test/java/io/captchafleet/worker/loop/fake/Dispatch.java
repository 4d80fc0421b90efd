package io.captchafleet.worker.loop.fake;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Makes an interface (Kafka's {@code Consumer}, {@code Producer}) out of an object that implements only the
 * methods a test needs, by name and parameter types; any other call fails loudly, so a fake never answers
 * something it does not model.
 */
final class Dispatch {
    private Dispatch() {
    }

    static <T> T as(Class<T> type, Object impl) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Method target;
            try {
                target = impl.getClass().getMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                if (method.getName().equals("toString") && method.getParameterCount() == 0) {
                    return impl.toString();
                }
                throw new UnsupportedOperationException("the fake " + type.getSimpleName() + " does not model " + method);
            }
            try {
                target.setAccessible(true);
                return target.invoke(impl, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }
}
