package io.headcount.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A provisioned Grafana dashboard file: its panels' queries and its template variables. */
record GrafanaDashboard(String uid, String title, List<Query> queries, List<Variable> variables) {

    /** One target of one panel: SQL for PostgreSQL panels, PromQL for Prometheus ones. */
    record Query(String panel, String datasourceUid, String text) {}

    /** A template variable filled by a query. */
    record Variable(String name, String datasourceUid, String query, boolean multi) {}

    static GrafanaDashboard load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String text =
                        target.hasNonNull("rawSql")
                                ? target.get("rawSql").asText()
                                : target.path("expr").asText(null);
                String uid = target.path("datasource").path("uid").asText(null);
                if (uid == null) {
                    uid = panel.path("datasource").path("uid").asText(null);
                }
                queries.add(new Query(panel.path("title").asText(), uid, text));
            }
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            variables.add(
                    new Variable(
                            variable.path("name").asText(),
                            variable.path("datasource").path("uid").asText(null),
                            query.isObject() ? query.path("query").asText() : query.asText(),
                            variable.path("multi").asBoolean()));
        }
        return new GrafanaDashboard(
                root.path("uid").asText(null), root.path("title").asText(), queries, variables);
    }
}
