package app.sukoyaka.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Tests only: marks a request that carries {@link StatementCount#HEADER}, before any other filter,
 * so that the statements it runs are counted under its key.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(env = Environment.TEST)
class StatementCountFilter implements Ordered {

  /** The counting key, carried with the request to the thread that runs its route. */
  record Key(String value) implements PropagatedContextElement {}

  @RequestFilter
  void mark(HttpRequest<?> request, MutablePropagatedContext context) {
    String key = request.getHeaders().get(StatementCount.HEADER);
    if (key != null) {
      context.add(new Key(key));
    }
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }
}
