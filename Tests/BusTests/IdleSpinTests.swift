@testable import Bus
import Foundation
import Testing
import TestSupport

/// The broker stays awake briefly after a message only while traffic is light, and never spins when idle.
@Suite struct IdleSpinTests {
    @Test func trafficIsJudgedOncePerMillisecond() {
        let start = ContinuousClock.now
        var spin = IdleSpin(window: .microseconds(100), now: start)
        #expect(spin.quiet)
        for _ in 0...IdleSpin.quietMessagesPerMillisecond { spin.countMessage() }
        spin.update(now: start + .microseconds(500))
        #expect(spin.quiet, "judged before the millisecond is up")
        spin.update(now: start + .milliseconds(1))
        #expect(!spin.quiet)
        for _ in 0..<5 { spin.countMessage() }
        spin.update(now: start + .milliseconds(2))
        #expect(spin.quiet)
    }

    @Test func spinsOnlyWhenQuietAndEndsOnADescriptorOrTheWindow() throws {
        let pipe = try WakePipe()
        var poller = DescriptorPoller()
        poller.add(pipe.fileDescriptor)

        var timersOnly = IdleSpin(window: .seconds(5))
        let started = ContinuousClock.now
        let timersOnlySpun = timersOnly.spin(&poller)
        #expect(!timersOnlySpun)
        #expect(ContinuousClock.now - started < .seconds(1), "a loop that read nothing goes back to sleep at once")

        var afterMessage = IdleSpin(window: .milliseconds(200))
        afterMessage.countMessage()
        let spun = ContinuousClock.now
        let foundNothing = afterMessage.spin(&poller)
        #expect(!foundNothing)
        #expect(ContinuousClock.now - spun >= .milliseconds(200), "after a message a quiet loop looks for the whole window")
        let again = ContinuousClock.now
        _ = afterMessage.spin(&poller)
        #expect(ContinuousClock.now - again < .milliseconds(100), "and only once per message")

        var woken = IdleSpin(window: .seconds(5))
        woken.countMessage()
        pipe.signal()
        let sawThePipe = woken.spin(&poller)
        #expect(sawThePipe)
        pipe.clear()

        var busy = IdleSpin(window: .seconds(5), now: started)
        for _ in 0...IdleSpin.quietMessagesPerMillisecond { busy.countMessage() }
        busy.update(now: started + .milliseconds(1))
        let busyStart = ContinuousClock.now
        let busySpun = busy.spin(&poller)
        #expect(!busySpun)
        #expect(ContinuousClock.now - busyStart < .seconds(1), "under heavy traffic the loop does not spin")
        var off = IdleSpin(window: .zero)
        off.countMessage()
        let offSpun = off.spin(&poller)
        #expect(!offSpun)
    }
}

extension BusIntegrationTests {
    /// After a burst of calls the broker goes back to sleeping: over a second of silence it uses almost no CPU.
    @Test func anIdleBrokerDoesNotSpin() async throws {
        let bus = try BusHarness()
        let broker = try await bus.startBroker()
        try bus.startWorker("idle")
        try await bus.waitForWorkers(1)
        let client = Test(channel: try bus.client())
        for index in 0..<200 { _ = try await client.echo(Self.echo("call-\(index)")) }
        try await Task.sleep(for: .milliseconds(200))
        let before = try #require(processCPUSeconds(pid: broker.pid))
        try await Task.sleep(for: .seconds(1))
        let used = try #require(processCPUSeconds(pid: broker.pid)) - before
        #expect(used < 0.1, "the idle broker used \(used) s of CPU in one second")
    }
}
