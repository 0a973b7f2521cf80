package app.sukoyaka.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tests only: wraps the service's connection pool, before Micronaut Data wraps it for its
 * transactions, so that every statement executed on one of its connections can be counted for the
 * request it runs for ({@link StatementCount}). A statement is one execution: {@code execute},
 * {@code executeQuery}, {@code executeUpdate} or one {@code executeBatch}, as a round trip to
 * PostgreSQL.
 */
@Singleton
@Requires(env = Environment.TEST)
class StatementCountingDataSource implements BeanCreatedEventListener<DataSource>, Ordered {

  @Override
  public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    DataSource target = event.getBean();
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              if (result instanceof Connection connection
                  && method.getName().equals("getConnection")) {
                key().ifPresent(StatementCount::checkout);
                return wrap(Connection.class, connection, new ConnectionHandler(connection));
              }
              return result;
            });
  }

  @Override
  public int getOrder() {
    // Before Micronaut Data's contextual wrapper, so that this one wraps the pool itself.
    return HIGHEST_PRECEDENCE;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T wrap(Class<T> type, T target, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Optional<String> key() {
    return PropagatedContext.getOrEmpty()
        .find(StatementCountFilter.Key.class)
        .map(StatementCountFilter.Key::value);
  }

  private record ConnectionHandler(Connection target) implements InvocationHandler {
    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = StatementCountingDataSource.invoke(target, method, args);
      String name = method.getName();
      if (result instanceof PreparedStatement statement && name.startsWith("prepare")) {
        Class<? extends PreparedStatement> type =
            result instanceof java.sql.CallableStatement
                ? java.sql.CallableStatement.class
                : PreparedStatement.class;
        return wrap(
            (Class<PreparedStatement>) type,
            statement,
            new StatementHandler(statement, (String) args[0]));
      }
      if (result instanceof Statement statement && name.equals("createStatement")) {
        return wrap(Statement.class, statement, new StatementHandler(statement, null));
      }
      return result;
    }
  }

  private record StatementHandler(Statement target, String prepared) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.startsWith("execute")) {
        String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : prepared;
        key().ifPresent(key -> StatementCount.record(key, sql == null ? "(batch)" : sql));
      }
      return StatementCountingDataSource.invoke(target, method, args);
    }
  }
}
