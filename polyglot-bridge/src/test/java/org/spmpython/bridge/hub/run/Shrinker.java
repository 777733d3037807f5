package org.spmpython.bridge.hub.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Greedy shrinking of a failing case: the simplifications are tried in order, each giving simpler
 * candidates; the first candidate that still fails is taken and the search starts over from it,
 * until no candidate fails. Every candidate is strictly simpler (shorter lists, or one more field
 * at its usual value), so this ends.
 */
final class Shrinker<T> {
    private final Predicate<T> fails;
    private final List<Function<T, Stream<T>>> simplifications;
    private int tried;

    @SafeVarargs
    Shrinker(Predicate<T> fails, Function<T, Stream<T>>... simplifications) {
        this.fails = fails;
        this.simplifications = List.of(simplifications);
    }

    /** The simplest case found that still fails, starting from {@code failing}. */
    T shrink(T failing) {
        T current = failing;
        for (T simpler = simpler(current); simpler != null; simpler = simpler(current)) {
            current = simpler;
        }
        return current;
    }

    /** How many candidates were run. */
    int tried() {
        return tried;
    }

    private T simpler(T t) {
        return simplifications.stream().flatMap(s -> s.apply(t)).filter(c -> {
            tried++;
            return fails.test(c);
        }).findFirst().orElse(null);
    }

    /** {@code list} without its first or its second half, then without one element (each in turn). */
    static <E> Stream<List<E>> shorter(List<E> list, int minSize) {
        int n = list.size();
        int half = n / 2;
        Stream<List<E>> halves = half == 0 || n - half < minSize ? Stream.empty()
                : Stream.of(List.copyOf(list.subList(half, n)), List.copyOf(list.subList(0, n - half)));
        Stream<List<E>> ones = n - 1 < minSize ? Stream.empty() : IntStream.range(0, n).mapToObj(i -> {
            List<E> without = new ArrayList<>(list);
            without.remove(i);
            return List.copyOf(without);
        });
        return Stream.concat(halves, ones);
    }

    /** {@code list} with one element replaced by one of its {@link #towards} candidates, for each element. */
    static <E extends Record> Stream<List<E>> eachTowards(List<E> list, UnaryOperator<E> usual) {
        return IntStream.range(0, list.size()).boxed().flatMap(i -> towards(list.get(i), usual.apply(list.get(i)))
                .map(e -> {
                    List<E> replaced = new ArrayList<>(list);
                    replaced.set(i, e);
                    return List.copyOf(replaced);
                }));
    }

    /**
     * {@code r} with one component set to {@code usual}'s, for each component in which they differ
     * (components that are records themselves are brought closer one of their components at a time).
     */
    static <R extends Record> Stream<R> towards(R r, R usual) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = Arrays.stream(components).map(c -> value(c, r)).toArray();
        return IntStream.range(0, components.length).boxed().flatMap(i -> {
            Object mine = values[i];
            Object theirs = value(components[i], usual);
            if (Objects.deepEquals(mine, theirs)) {
                return Stream.empty();
            }
            Stream<?> closer = mine instanceof Record m ? towards(m, (Record) theirs) : Stream.of(theirs);
            return closer.map(v -> {
                Object[] changed = values.clone();
                changed[i] = v;
                return construct(r, components, changed);
            });
        });
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R construct(R like, RecordComponent[] components, Object[] values) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return (R) like.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
