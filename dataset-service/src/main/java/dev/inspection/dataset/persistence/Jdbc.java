package dev.inspection.dataset.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * Plain JDBC on the connection of the current Hibernate session (same transaction), for bulk
 * statements Hibernate cannot batch: INSERT ... ON CONFLICT, reads that must skip entity loading.
 */
@ApplicationScoped
public class Jdbc {
    @Inject
    EntityManager em;

    public <T> T work(ReturningWork<T> work) {
        Session session = em.unwrap(Session.class);
        session.flush(); // pending entity changes must be visible to the plain statements
        return session.doReturningWork(work);
    }

    static Array varcharArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray(new String[0]));
    }
}
