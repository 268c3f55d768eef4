package io.paperstream.query.health;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.transaction.Transactional;

import io.paperstream.query.catalog.write.SearchIndex;


/** The real search index, which a test can make throw an Error (as an OutOfMemoryError would) in its worker. */
@Alternative
@ApplicationScoped
public class BreakableSearchIndex extends SearchIndex {

    static final AtomicReference<Error> FAULT = new AtomicReference<>();

    // the overrides keep the interceptor binding of the methods they wrap (a binding is not inherited by overrides)
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPending(int limit) {
        throwFault();
        return super.indexPending(limit);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexPendingOneByOne(int limit) {
        throwFault();
        return super.indexPendingOneByOne(limit);
    }

    private static void throwFault() {
        Error fault = FAULT.get();
        if (fault != null) {
            throw fault;
        }
    }
}
