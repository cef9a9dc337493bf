import RehearsalScenarios
import Testing

struct ShardTests {
    static func ids(_ count: Int, prefix: String = "family.scenario-") -> [String] { (0..<count).map { "\(prefix)\($0)" } }

    @Test func parsesIndexOverCountAndRefusesTheRest() {
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        #expect(Shard("1/1") != nil)
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "-1/2", "1/2/3", "", "/", "1/1001", "9223372036854775807/9223372036854775807"] {
            #expect(Shard(bad) == nil, "\(bad)")
        }
        #expect(Shard("1000/1000") != nil)
    }

    @Test(arguments: [(35, 4), (100, 4), (7, 3), (3, 4), (1000, 7), (12, 1)])
    func everyScenarioFallsInExactlyOneShardAndTheShardsAreBalanced(scenarios: Int, shards: Int) {
        let ids = ShardTests.ids(scenarios)
        let parts = (1...shards).map { Shard(index: $0, count: shards)!.select(ids) }
        #expect(parts.flatMap { $0 }.sorted() == ids.sorted(), "every scenario once")
        let sizes = parts.map(\.count)
        #expect(sizes.max()! <= (scenarios + shards - 1) / shards, "no shard holds more than ⌈n/N⌉: \(sizes)")
    }

    @Test func theSplitDependsOnTheIdsNotTheirOrder() {
        let ids = ShardTests.ids(50)
        #expect(Shard.assign(ids, count: 4) == Shard.assign(ids.reversed(), count: 4))
        #expect(Shard(index: 3, count: 4)!.select(ids.shuffled()).sorted() == Shard(index: 3, count: 4)!.select(ids).sorted())
    }

    @Test func addingAScenarioMovesFewOthers() {
        // Rendezvous hashing keeps each scenario on its preferred shard unless that shard is full, so adding one
        // scenario moves at most a handful of others, where a round-robin over sorted ids would move most of them.
        var worst = 0
        for size in [20, 35, 100, 400] {
            let ids = ShardTests.ids(size)
            let before = Shard.assign(ids, count: 4)
            for added in ["aaa.new", "mmm.new", "zzz.new"] {
                let after = Shard.assign(ids + [added], count: 4)
                let moved = ids.filter { before[$0] != after[$0] }.count
                worst = max(worst, moved)
                #expect(moved * 10 <= size, "adding \(added) to \(size) scenarios moved \(moved)")
            }
        }
        #expect(worst < 40)
    }

    @Test func oneShardHoldsEverything() {
        let ids = ShardTests.ids(9)
        #expect(Shard(index: 1, count: 1)!.select(ids) == ids)
    }
}
