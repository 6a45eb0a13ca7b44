package com.cleanupservice.cleanup;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/** Split aggregation: each part's body is a list (or null); the result is all of them in one list. */
public final class FlattenLists implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        List<Object> all = oldExchange == null ? new ArrayList<>() : castList(oldExchange.getIn().getBody());
        Object part = newExchange.getIn().getBody();
        if (part instanceof List<?> items) {
            all.addAll(items);
        }
        result.getIn().setBody(all);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object body) {
        return (List<Object>) body;
    }
}
