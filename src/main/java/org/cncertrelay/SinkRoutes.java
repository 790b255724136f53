package org.cncertrelay;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.webhook.WebhookSettings;

/**
 * Finds each record sink's route among the loaded ones and the endpoint it starts from, before Camel starts, so a
 * sink whose route is missing stops the start with one line naming the setting.
 */
final class SinkRoutes {

    private SinkRoutes() {
    }

    /**
     * @param sinkRoutes sink name to route id
     * @return route id to the {@code direct:} endpoint the route consumes from
     * @throws ConfigException naming {@code sink.N.route} for a route that is not loaded or does not start from
     *                         {@code direct:} (only a synchronous call lets a failing route's exception reach the
     *                         outbox, which retries it)
     */
    static Map<String, String> endpoints(CamelContext camel, Map<String, String> sinkRoutes) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        sinkRoutes.forEach((sink, routeId) -> {
            boolean builtIn = sink.equals(WebhookSettings.CSV_SINK);
            // the CSV's route comes with the relay's routes, which are what a person changes, not a sink setting
            String key = builtIn ? "relay.routes-dir" : "sink." + sink + ".route";
            RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition(routeId);
            if (route == null && builtIn) {
                throw new ConfigException(key, "the built-in CSV sink's route \"" + routeId + "\" is not loaded: the "
                        + "routes folder is of an earlier release; take routes/5-fan-out.camel.yaml from this one");
            }
            if (route == null) {
                throw new ConfigException(key, "no route with id \"" + routeId + "\" is loaded; put a *.camel.yaml "
                        + "file with it in relay.sinks-dir (default routes/sinks)");
            }
            String uri = camel.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            if (!uri.startsWith("direct:")) {
                throw new ConfigException(key, "route \"" + routeId + "\" starts from " + uri
                        + "; a sink route starts from direct:<name>");
            }
            endpoints.put(routeId, uri);
        });
        return endpoints;
    }
}
