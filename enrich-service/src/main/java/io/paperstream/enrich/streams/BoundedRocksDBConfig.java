package io.paperstream.enrich.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * Bounds the native memory of the counting task's RocksDB store (paper id → slugs: small values, one store). Kafka
 * Streams' defaults (a 50 MiB block cache and three 16 MiB memtables per store) are sized for big stores and made
 * enrich pass 300 MB of RSS. Set with {@code kafka-streams.rocksdb.config.setter}; the sizes can be changed with
 * {@code kafka-streams.paperstream.rocksdb.block-cache-bytes}, {@code ...write-buffer-bytes} and
 * {@code ...max-write-buffers}.
 */
public class BoundedRocksDBConfig implements RocksDBConfigSetter {

    public static final String BLOCK_CACHE_BYTES = "paperstream.rocksdb.block-cache-bytes";
    public static final String WRITE_BUFFER_BYTES = "paperstream.rocksdb.write-buffer-bytes";
    public static final String MAX_WRITE_BUFFERS = "paperstream.rocksdb.max-write-buffers";

    /** Reads go mostly to recent papers (re-ingested titles); a small cache suffices. */
    static final long DEFAULT_BLOCK_CACHE_BYTES = 8L * 1024 * 1024;
    /** Streams commits (and flushes) every 100 ms under exactly-once; memtables never grow big between flushes. */
    static final long DEFAULT_WRITE_BUFFER_BYTES = 4L * 1024 * 1024;
    static final int DEFAULT_MAX_WRITE_BUFFERS = 2;

    private Cache cache;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        cache = new LRUCache(longConfig(configs, BLOCK_CACHE_BYTES, DEFAULT_BLOCK_CACHE_BYTES));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        options.setTableFormatConfig(table);
        options.setWriteBufferSize(longConfig(configs, WRITE_BUFFER_BYTES, DEFAULT_WRITE_BUFFER_BYTES));
        options.setMaxWriteBufferNumber(
                (int) longConfig(configs, MAX_WRITE_BUFFERS, DEFAULT_MAX_WRITE_BUFFERS));
    }

    @Override
    public void close(String storeName, Options options) {
        if (cache != null) {
            cache.close();
        }
    }

    private static long longConfig(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString().trim());
    }
}
