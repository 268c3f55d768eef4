package io.paperstream.query.health;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.Transactional;

import io.paperstream.query.catalog.write.CatalogWriter;
import io.paperstream.query.catalog.write.PaperChange;
import io.paperstream.query.catalog.write.WriteResult;


/** The real catalog writer, which a test can make throw an Error (as an OutOfMemoryError would) in the consumer. */
@Alternative
@ApplicationScoped
public class BreakableCatalogWriter extends CatalogWriter {

    static final AtomicReference<Error> FAULT = new AtomicReference<>();

    // the override keeps the interceptor binding of the method it wraps (a binding is not inherited by overrides)
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public WriteResult write(List<PaperChange> batch) {
        Error fault = FAULT.get();
        if (fault != null) {
            throw fault;
        }
        return super.write(batch);
    }
}
